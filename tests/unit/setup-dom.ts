/**
 * Unit-test setup: testing-library's waits (waitFor, findBy…) give up after 1 s by default. On the
 * shared 2-core machines this project is built and tested on, a Dexie round-trip in
 * fake-indexeddb plus a Preact re-render can take longer than that under load, which made UI tests
 * fail for no fault of the code. The waits still fail when the expectation never comes true; they
 * only wait longer before saying so. Timing is measured in the benchmarks, never asserted here.
 */
import { configure } from '@testing-library/preact';

configure({ asyncUtilTimeout: 15_000 });
