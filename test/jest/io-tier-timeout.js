// Integration, end-to-end and container tests talk to real servers over real I/O. On a loaded
// 2-core machine a correct test can take longer than jest's 5 s default, and a timeout is not a
// finding, so these tiers default to 30 s per test (a test may still set its own).
jest.setTimeout(30_000);
