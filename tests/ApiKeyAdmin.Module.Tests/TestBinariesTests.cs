using System;
using System.IO;
using System.Linq;
using Xunit;

namespace ApiKeyAdmin.Module.Tests
{
    public class TestBinariesTests
    {
        [Fact]
        public void Test_bin_folder_holds_neither_SQLite_nor_the_module()
        {
            // The native-loading tests prove something only if this process can find SQLite nowhere but in out/.
            string[] shipped = Directory
                .EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories)
                .Select(Path.GetFileName)
                .Where(name =>
                    name.StartsWith("Microsoft.Data.Sqlite", StringComparison.OrdinalIgnoreCase) ||
                    name.StartsWith("SQLitePCLRaw", StringComparison.OrdinalIgnoreCase) ||
                    name.IndexOf("e_sqlite3", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    name.StartsWith("ApiKeyAdmin.Core", StringComparison.OrdinalIgnoreCase) ||
                    name.Equals("ApiKeyAdmin.dll", StringComparison.OrdinalIgnoreCase))
                .ToArray();

            Assert.Empty(shipped);
        }
    }
}
