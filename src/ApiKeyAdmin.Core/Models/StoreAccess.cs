namespace ApiKeyAdmin
{
    /// <summary>What a database login may do with a shared store, as the database itself enforces it.</summary>
    public enum StoreAccess
    {
        /// <summary>Verify keys: read what verification needs, write call rows and keys' last use, nothing else.</summary>
        Verify = 1,

        /// <summary>Run the commands; the Super Admin role decides what each may do.</summary>
        Administer = 2,
    }
}
