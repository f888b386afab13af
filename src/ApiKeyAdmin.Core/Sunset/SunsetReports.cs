using System;
using System.Collections.Generic;
using System.Linq;
using ApiKeyAdmin.Storage;

namespace ApiKeyAdmin
{
    /// <summary>What the sunset of standard keys means for the store's accounts: the banner of key listings and the migration report.</summary>
    public sealed class SunsetReports
    {
        private readonly StoreSession session;

        internal SunsetReports(StoreSession session)
        {
            this.session = session;
        }

        /// <summary>The banner of key listings: the sunset and how many accounts still call with standard keys; null without a sunset or a store.</summary>
        public SunsetNotice Notice()
        {
            if (!session.Exists)
            {
                return null;
            }

            DateTimeOffset? sunset = session.Read(Operation.OnSetting("read the sunset notice", nameof(StorePolicy.SunsetAt)), admin => StoreSettings.ReadDate(admin.Tx, StoreSettings.SunsetAt));
            return sunset.HasValue ? Notice(sunset.Value, session.Store.CountCallsByKey(session.Clock.UtcNow - ApiKeyManager.CallRetention)) : null;
        }

        /// <summary>
        /// One row per account that holds a standard key that verifies: its standard-key calls in the past 7 days, its
        /// active app tokens and the days left; not Ready first, then most calls, then by account.
        /// </summary>
        public MigrationReport Report()
        {
            if (!session.Exists)
            {
                return new MigrationReport(Array.Empty<MigrationReportRow>(), null);
            }

            DateTimeOffset at = session.Clock.UtcNow;
            (List<KeyRecord> keys, DateTimeOffset? sunset) = session.Read(Operation.OnStore("read the migration report"), admin =>
                (admin.Tx.GetKeys(null, null).ToList(), StoreSettings.ReadDate(admin.Tx, StoreSettings.SunsetAt)));
            // Counted after the permission check, on the store's own reader: the counts are as of a moment later than the keys.
            IReadOnlyList<KeyCallCount> counts = session.Store.CountCallsByKey(at - ApiKeyManager.CallRetention);
            // Whole days counted up, as a calendar does: a sunset 60 days away, seen a moment later, is still 60 days left.
            int? daysLeft = sunset.HasValue ? (int)Math.Ceiling((sunset.Value - at).TotalDays) : (int?)null;
            var rows = new List<MigrationReportRow>();
            foreach (IGrouping<string, KeyRecord> account in keys.GroupBy(k => k.Account, StringComparer.OrdinalIgnoreCase))
            {
                List<KeyRecord> standard = account.Where(k => k.Kind == KeyKind.Standard).ToList();
                KeyRecord verifying = standard.Where(k => k.StatusAt(at) != KeyStatus.Deactivated).OrderBy(k => k.StatusAt(at)).FirstOrDefault();
                if (verifying == null)
                {
                    continue;
                }

                long calls = counts.Where(c => c.Kind == KeyKind.Standard && KeyPolicy.SameName(c.Account, account.Key)).Sum(c => c.Calls);
                int tokens = account.Count(k => k.Kind == KeyKind.AppToken && k.StatusAt(at) == KeyStatus.Active);
                rows.Add(new MigrationReportRow(verifying.Account, verifying.KeyId, standard.Max(k => k.LastUsedAt), calls, tokens, daysLeft));
            }

            List<MigrationReportRow> sorted = rows.OrderBy(r => r.Ready).ThenByDescending(r => r.CallsLast7Days)
                .ThenBy(r => r.Account, StringComparer.OrdinalIgnoreCase).ToList();
            return new MigrationReport(sorted, sunset.HasValue ? Notice(sunset.Value, counts) : null);
        }

        private SunsetNotice Notice(DateTimeOffset sunset, IReadOnlyList<KeyCallCount> counts) => new SunsetNotice(sunset, session.Clock.UtcNow,
            counts.Where(c => c.Kind == KeyKind.Standard && c.Calls > 0).Select(c => c.Account).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
