using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Remembers, per runspace, the stores whose sunset warning has been written, so that a session sees it once per
    /// store rather than on every listing. A closed runspace's memory goes with it.
    /// </summary>
    internal static class SunsetBanner
    {
        private static readonly ConditionalWeakTable<Runspace, HashSet<string>> Shown = new ConditionalWeakTable<Runspace, HashSet<string>>();

        /// <summary>True the first time this runspace asks about the store, false after.</summary>
        internal static bool FirstTimeFor(string location)
        {
            Runspace runspace = Runspace.DefaultRunspace;
            if (runspace == null)
            {
                return true;
            }

            HashSet<string> stores = Shown.GetValue(runspace, _ => new HashSet<string>(StringComparer.Ordinal));
            lock (stores)
            {
                return stores.Add(location);
            }
        }
    }
}
