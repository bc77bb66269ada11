// `pnpm bench`: load and latency benchmarks of a running Mockex. The exchange routes are added as the
// exchange lands; see bench/README section in the root README.
console.log('No benchmarks yet: they arrive with the exchange.');
