/**
 * Unit-test setup: IndexedDB on fake-indexeddb, and Testing Library's `waitFor`/`findBy*`
 * allowed 10 s instead of 1 s. The shared 2-core machine runs several suites at once (load
 * 15 seen), and views that wait for a Dexie read then timed out while their answer was right;
 * a wrong answer still fails, only later.
 */
import 'fake-indexeddb/auto';
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 10_000 });
