using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;

namespace ApiKeyAdmin.Benchmarks
{
    /// <summary>
    /// The PowerShell scenarios, run in a child process of this program (<c>--child name</c>) so that each starts from a
    /// fresh engine, its peak working set is its own, and the import is a cold one. The child never touches the core
    /// or SQLite itself: the module from out/ApiKeyAdmin does. It prints one "RESULT {json}" line.
    /// </summary>
    internal static class PowerShellChild
    {
        internal const string ResultPrefix = "RESULT ";

        internal static int Run(string name, Dictionary<string, string> args)
        {
            var results = new Dictionary<string, double>();
            long t0 = Stopwatch.GetTimestamp();
            InitialSessionState state = InitialSessionState.CreateDefault2();
            state.Commands.Add(new SessionStateCmdletEntry("Measure-BenchSink", typeof(MeasureBenchSinkCommand), null));
            using Runspace runspace = RunspaceFactory.CreateRunspace(state);
            runspace.Open();
            results["runspaceMs"] = Ms(t0);

            long t1 = Stopwatch.GetTimestamp();
            Invoke(runspace, "param($Path) Import-Module -Name $Path -ErrorAction Stop", new Hashtable { ["Path"] = Repo.ManifestPath });
            results["importMs"] = Ms(t1);
            // The store: a SQLite file named by --store, or what $env:APIKEYADMIN_CONNECTION names (it holds a password).
            var store = new Hashtable();
            if (args.TryGetValue("store", out string path))
            {
                store["StorePath"] = path;
            }

            switch (name)
            {
                case "import":
                {
                    long t2 = Stopwatch.GetTimestamp();
                    Collection<PSObject> keys = Invoke(runspace, "param($Store) Get-ApiKey @Store -ErrorAction Stop", new Hashtable { ["Store"] = store });
                    results["firstGetMs"] = Ms(t2);
                    results["keys"] = keys.Count;
                    break;
                }

                case "calllog":
                {
                    var p = new Hashtable
                    {
                        ["Store"] = store,
                        ["Account"] = args["account"],
                        ["Since"] = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args["since"], CultureInfo.InvariantCulture)),
                        ["Until"] = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args["until"], CultureInfo.InvariantCulture)),
                    };
                    // Warm-up: the cmdlet's first use (JIT, command discovery) belongs to the import scenario.
                    Sink(runspace, "param($Store, $Account, $Since, $Until) Get-ApiKeyCallLog @Store -Account $Account -Since $Since -Until $Until -First 10 | Measure-BenchSink", p);
                    Sink(runspace, "param($Store, $Account, $Since, $Until) Get-ApiKeyCallLog @Store -Account $Account -Since $Since -Until $Until | Measure-BenchSink", p, results);
                    break;
                }

                case "week":
                {
                    var p = new Hashtable { ["Store"] = store };
                    Sink(runspace, "param($Store) Get-ApiKeyCallLog @Store -First 10 | Measure-BenchSink", p);
                    GC.Collect();
                    using (Process self = Process.GetCurrentProcess())
                    {
                        results["startWorkingSet"] = self.WorkingSet64;
                    }

                    Sink(runspace, "param($Store) Get-ApiKeyCallLog @Store | Measure-BenchSink", p, results);
                    using (Process self = Process.GetCurrentProcess())
                    {
                        self.Refresh();
                        results["peakWorkingSet"] = self.PeakWorkingSet64;
                    }

                    break;
                }

                case "rotate":
                {
                    int rotations = int.Parse(args["rotations"], CultureInfo.InvariantCulture);
                    var times = new List<double>();
                    for (int i = 0; i <= rotations; i++)
                    {
                        long t = Stopwatch.GetTimestamp();
                        Invoke(runspace, "param($Store, $Account) Invoke-ApiKeyRotation @Store -Account $Account -Force -ErrorAction Stop",
                            new Hashtable { ["Store"] = store, ["Account"] = $"acct{i:D5}" });
                        if (i > 0)
                        {
                            // The first rotation pays for JIT and discovery, which the import scenario covers.
                            times.Add(Ms(t));
                        }
                    }

                    times.Sort();
                    results["meanMs"] = times.Average();
                    results["medianMs"] = times[times.Count / 2];
                    results["maxMs"] = times[^1];
                    break;
                }

                case "export":
                {
                    var p = new Hashtable
                    {
                        ["Store"] = store,
                        ["Account"] = args["account"],
                        ["Since"] = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args["since"], CultureInfo.InvariantCulture)),
                        ["Until"] = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(args["until"], CultureInfo.InvariantCulture)),
                        ["Mine"] = args["export"],
                        ["Theirs"] = args["pipeline"],
                    };
                    const string range = "@Store -Account $Account -Since $Since -Until $Until";
                    const string parameters = "param($Store, $Account, $Since, $Until, $Mine, $Theirs) ";
                    // The hosted engine starts with its core cmdlets only; Export-Csv is the baseline.
                    Invoke(runspace, "param($Utility) Import-Module -Assembly $Utility",
                        new Hashtable { ["Utility"] = typeof(Microsoft.PowerShell.Commands.ExportCsvCommand).Assembly });
                    // Warm-up of both commands: first use (JIT, command discovery) belongs to the import scenario.
                    Invoke(runspace, parameters + $"Export-ApiKeyCallLog {range} -First 10 -Path $Mine; Get-ApiKeyCallLog {range} -First 10 | Export-Csv -Path $Theirs -UseQuotes AsNeeded", p);
                    long t = Stopwatch.GetTimestamp();
                    PSObject done = Invoke(runspace, parameters + $"Export-ApiKeyCallLog {range} -Path $Mine -PassThru", p).Single();
                    results["exportSeconds"] = Ms(t) / 1000;
                    results["rows"] = (long)done.Properties["Rows"].Value;
                    t = Stopwatch.GetTimestamp();
                    Invoke(runspace, parameters + $"Get-ApiKeyCallLog {range} | Export-Csv -Path $Theirs -UseQuotes AsNeeded", p);
                    results["pipelineSeconds"] = Ms(t) / 1000;
                    results["sameFile"] = File.ReadAllBytes(args["export"]).AsSpan().SequenceEqual(File.ReadAllBytes(args["pipeline"])) ? 1 : 0;
                    break;
                }

                default:
                    throw new ArgumentException($"Unknown child scenario '{name}'.");
            }

            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(results));
            return 0;
        }

        private static void Sink(Runspace runspace, string script, Hashtable parameters, Dictionary<string, double> results = null)
        {
            MeasureBenchSinkCommand.Reset();
            long start = Stopwatch.GetTimestamp();
            Invoke(runspace, script, parameters);
            long end = Stopwatch.GetTimestamp();
            if (results != null)
            {
                results["rows"] = MeasureBenchSinkCommand.Count;
                results["firstRowMs"] = MeasureBenchSinkCommand.Count == 0 ? double.NaN
                    : (MeasureBenchSinkCommand.FirstAt - start) * 1000.0 / Stopwatch.Frequency;
                results["seconds"] = (end - start) / (double)Stopwatch.Frequency;
            }
        }

        private static Collection<PSObject> Invoke(Runspace runspace, string script, Hashtable parameters)
        {
            using PowerShell shell = PowerShell.Create();
            shell.Runspace = runspace;
            shell.AddScript(script).AddParameters(parameters);
            Collection<PSObject> output = shell.Invoke();
            if (shell.HadErrors)
            {
                throw new InvalidOperationException("PowerShell reported errors:\n" + string.Join("\n", shell.Streams.Error.Select(e => e.ToString())));
            }

            return output;
        }

        private static double Ms(long since) => (Stopwatch.GetTimestamp() - since) * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>The end of the benchmark pipeline: counts what arrives and notes when the first object did; keeps nothing.</summary>
    [Cmdlet("Measure", "BenchSink")]
    public sealed class MeasureBenchSinkCommand : Cmdlet
    {
        internal static long Count { get; private set; }

        internal static long FirstAt { get; private set; }

        /// <summary>What the pipeline delivers.</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject InputObject { get; set; }

        internal static void Reset()
        {
            Count = 0;
            FirstAt = 0;
        }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (Count++ == 0)
            {
                FirstAt = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Where the repository and its built module are.</summary>
    internal static class Repo
    {
        internal static string Root
        {
            get
            {
                for (string dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
                {
                    if (File.Exists(Path.Combine(dir, "ApiKeyAdmin.sln")))
                    {
                        return dir;
                    }
                }

                throw new InvalidOperationException("ApiKeyAdmin.sln not found above " + AppContext.BaseDirectory);
            }
        }

        internal static string ManifestPath => Path.Combine(Root, "out", "ApiKeyAdmin", "ApiKeyAdmin.psd1");
    }
}
