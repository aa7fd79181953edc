import { mount } from '../popup/mount';
import { App } from './App';

mount(<App />, 'fileReview.title');
