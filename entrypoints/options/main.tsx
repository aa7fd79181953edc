import { render } from 'preact';
import '@/components/styles.css';
import '@/components/options/options.css';
import { App, boot } from './App';

// The first paint already holds the log's first page when the database answers quickly.
void boot().then(({ initialLog }) =>
  render(<App initialLog={initialLog} />, document.getElementById('app')!),
);
