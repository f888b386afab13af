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

        /// <summary>Whether this runspace has been shown the store's sunset warning.</summary>
        internal static bool WasShown(string location) => Stores(out HashSet<string> stores) && Locked(stores, () => stores.Contains(location));

        /// <summary>Remembers that this runspace has been shown the store's sunset warning.</summary>
        internal static void Remember(string location)
        {
            if (Stores(out HashSet<string> stores))
            {
                Locked(stores, () => stores.Add(location));
            }
        }

        // Outside a runspace there is no session to remember for, so the warning comes each time.
        private static bool Stores(out HashSet<string> stores)
        {
            Runspace runspace = Runspace.DefaultRunspace;
            stores = runspace == null ? null : Shown.GetValue(runspace, _ => new HashSet<string>(StringComparer.Ordinal));
            return stores != null;
        }

        private static bool Locked(HashSet<string> stores, Func<bool> action)
        {
            lock (stores)
            {
                return action();
            }
        }
    }
}
