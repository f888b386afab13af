namespace ApiKeyAdmin.Secrets
{
    /// <summary>
    /// Whether the account running this process owns a file: what Grant-ApiKeyAdminRole -Recover asks of a SQLite
    /// store. A seam with one implementation per platform, so that the Windows one (not exercised by CI here) stays small.
    /// </summary>
    internal abstract class FileOwner
    {
        /// <summary>The check for the platform this process runs on.</summary>
        internal static FileOwner Current { get; } = PrivateFiles.IsUnix ? (FileOwner)new UnixFileOwner() : new WindowsFileOwner();

        /// <summary>True when the file at <paramref name="path"/> belongs to the account this process runs as.</summary>
        internal abstract bool IsProcessAccount(string path);
    }
}
