using Xunit;

// One pwsh child at a time: each is a whole PowerShell start-up, and the other test assemblies, some of them timing
// what they measure, run beside this one on the same cores. This assembly still ends before the core tests do.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
