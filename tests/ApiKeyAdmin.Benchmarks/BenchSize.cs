using System;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>How big each scenario runs: tiny for the smoke test, small by default, full for the committed table.</summary>
    internal sealed class BenchSize
    {
        internal string Name { get; private init; }

        /// <summary>Rows in the call-log store (the 10 million at full size).</summary>
        internal long CallRows { get; private init; }

        /// <summary>Accounts with a key in the call-log store; one of them, "busy", makes 30% of the calls.</summary>
        internal int CallAccounts { get; private init; }

        /// <summary>Expired rows the pruning scenario deletes (the 7 million at full size).</summary>
        internal long PruneRows { get; private init; }

        /// <summary>Accounts in the rotation store (the 10,000 at full size).</summary>
        internal int RotationAccounts { get; private init; }

        /// <summary>Rotations timed through Invoke-ApiKeyRotation.</summary>
        internal int Rotations { get; private init; }

        /// <summary>Verifications timed one by one.</summary>
        internal int VerifyIterations { get; private init; }

        /// <summary>How long verify-and-record is sustained.</summary>
        internal TimeSpan Sustain { get; private init; }

        /// <summary>Rotations made while a verifier watches for the old key's refusal.</summary>
        internal int VisibleRotations { get; private init; }

        internal static BenchSize Parse(string name)
        {
            switch (name)
            {
                case "tiny":
                    return new BenchSize
                    {
                        Name = name, CallRows = 3_000, CallAccounts = 4, PruneRows = 3_000, RotationAccounts = 12, Rotations = 5,
                        VerifyIterations = 20_000, Sustain = TimeSpan.FromSeconds(0.3), VisibleRotations = 1,
                    };
                case "small":
                    return new BenchSize
                    {
                        Name = name, CallRows = 50_000, CallAccounts = 20, PruneRows = 35_000, RotationAccounts = 500, Rotations = 50,
                        VerifyIterations = 300_000, Sustain = TimeSpan.FromSeconds(3), VisibleRotations = 3,
                    };
                case "full":
                    return new BenchSize
                    {
                        Name = name, CallRows = 10_000_000, CallAccounts = 1_000, PruneRows = 7_000_000, RotationAccounts = 10_000,
                        Rotations = 200, VerifyIterations = 1_000_000, Sustain = TimeSpan.FromSeconds(10), VisibleRotations = 10,
                    };
                default:
                    throw new ArgumentException($"Unknown size '{name}': use tiny, small or full.");
            }
        }
    }
}
