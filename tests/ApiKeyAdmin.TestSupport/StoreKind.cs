namespace ApiKeyAdmin.TestSupport
{
    /// <summary>The two implementations of the store seam that the store-contract tests run against.</summary>
    public enum StoreKind
    {
        Sqlite,
        PostgreSql,
    }
}
