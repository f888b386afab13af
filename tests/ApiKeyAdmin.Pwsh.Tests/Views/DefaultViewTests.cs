using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ApiKeyAdmin.Pwsh.Tests.Views
{
    /// <summary>
    /// Each default table of module/ApiKeyAdmin.format.ps1xml as <c>Format-Table | Out-String -Width</c> prints it: at 80
    /// and at 200 columns every line fits, the header is one line with the columns that matter first, and the last
    /// column, which has no fixed width, is never cut at 200.
    /// </summary>
    public sealed class DefaultViewTests : IClassFixture<RenderedViews>
    {
        private readonly RenderedViews views;

        public DefaultViewTests(RenderedViews views) => this.views = views;

        /// <summary>Every view at every width, with the columns it must show from left to right.</summary>
        public static IEnumerable<object[]> Views() =>
            from view in Columns
            from width in RenderedViews.Widths
            select new object[] { view.Key, width, view.Value };

        /// <summary>Every type with a default table.</summary>
        public static IEnumerable<object[]> TypeNames() => Columns.Keys.Select(t => new object[] { t });

        private static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
        {
            ["ApiKeyAdmin.ApiKey"] = new[] { "Account", "Kind", "Status", "MaskedKey", "Age", "Rotation", "ExpiresAt (UTC)" },
            ["ApiKeyAdmin.AuditEntry"] = new[] { "Timestamp (UTC)", "Actor", "Action", "Account", "Detail" },
            ["ApiKeyAdmin.CallRecord"] = new[] { "Timestamp (UTC)", "Account", "Outcome", "Reason", "Method", "Path" },
            ["ApiKeyAdmin.CallVolume"] = new[] { "Interval (UTC)", "Allowed", "Denied", "Total", "Account" },
            ["ApiKeyAdmin.RotationReminder"] = new[] { "Account", "Stage", "DueAt (UTC)", "Recipient", "Email" },
            ["ApiKeyAdmin.AdminRole"] = new[] { "User", "Role", "GrantedAt (UTC)", "GrantedBy", "Email" },
            ["ApiKeyAdmin.VerificationResult"] = new[] { "IsValid", "Reason", "Kind", "KeyId", "Account" },
            ["ApiKeyAdmin.AuditVerification"] = new[] { "IsValid", "RowsChecked", "FirstInvalid", "Reason" },
            ["ApiKeyAdmin.StorePolicy"] = new[] { "Reveal", "NewKeysUntil (UTC)", "SunsetAt (UTC)", "Store" },
            ["ApiKeyAdmin.MigrationReportRow"] = new[] { "Account", "Ready", "DaysLeft", "Calls (7d)", "AppTokens", "LastUsedAt (UTC)" },
            ["ApiKeyAdmin.StoreAccessGrant"] = new[] { "Login", "Access", "GrantedAt (UTC)", "GrantedBy" },
            ["ApiKeyAdmin.ApiKey#PlainTextSecret"] = new[] { "Account", "Status", "Secret" },
        };

        [Theory]
        [MemberData(nameof(Views))]
        public void Default_table_fits_the_width_with_its_columns_in_order(string typeName, int width, string[] columns)
        {
            string[] lines = views.Lines(typeName, width);
            string table = string.Join("\n", lines);

            Assert.Equal(typeName, views.TypesOf(typeName));
            Assert.True(lines.Length >= 3, table);
            Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} columns at {width}:\n{table}"));
            // The header is one line, not wrapped, and the second line is its underline, a run of dashes per column.
            Assert.Matches(@"^-+( +-+)*\s*$", lines[1]);
            Assert.Equal(columns, Labels(lines));
        }

        [Theory]
        [MemberData(nameof(TypeNames))]
        public void Last_column_is_never_cut_at_200_columns(string typeName)
        {
            // Every other column has a fixed width and cuts with an ellipsis; the last one takes what is left.
            Assert.All(views.Lines(typeName, 200).Skip(2), r => Assert.False(r.TrimEnd().EndsWith('…'), $"cut at 200: {r}"));
        }

        [Fact]
        public void An_Expiring_key_shows_when_its_grace_ends_at_80_columns()
        {
            string expiring = Assert.Single(views.Lines("ApiKeyAdmin.ApiKey", 80), l => l.Contains(" Expiring "));

            Assert.Matches(@" \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", expiring.TrimEnd());
        }

        [Fact]
        public void The_audit_detail_is_shown_whole_at_200_columns()
        {
            string rotated = Assert.Single(views.Lines("ApiKeyAdmin.AuditEntry", 200), l => l.Contains(" Rotated "));

            Assert.Matches(@"Replaces key_\w+, which keeps verifying until \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$", rotated.TrimEnd());
        }

        [Theory]
        [InlineData(80)]
        [InlineData(200)]
        public void A_plain_text_secret_is_shown_whole(int width)
        {
            string row = Assert.Single(views.Lines("ApiKeyAdmin.ApiKey#PlainTextSecret", width).Skip(2));

            Assert.EndsWith(" aks_" + new string('x', 49), row.TrimEnd());
        }

        [Fact]
        public void Keys_that_no_longer_verify_show_Inactive_whole_at_80_columns()
        {
            string expiring = Assert.Single(views.Lines("ApiKeyAdmin.ApiKey", 80), l => l.Contains(" Expiring "));

            Assert.Contains(" Inactive ", expiring);
        }

        /// <summary>The header's labels: each stands over its run of dashes, which is as long as the label.</summary>
        private static string[] Labels(string[] lines) =>
            Regex.Matches(lines[1], "-+").Select(m => lines[0].Substring(m.Index, m.Length)).ToArray();
    }
}
