import { runCli } from './cli';

// The `lava` command: everything happens in runCli, so tests run the same code in-process.
void runCli(process.argv.slice(2));
