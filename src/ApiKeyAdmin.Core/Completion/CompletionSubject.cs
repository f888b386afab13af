namespace ApiKeyAdmin
{
    /// <summary>What a tab completion asks for.</summary>
    public enum CompletionSubject
    {
        /// <summary>Account names.</summary>
        Account,

        /// <summary>Key ids.</summary>
        KeyId,

        /// <summary>Users that hold a role.</summary>
        User,

        /// <summary>Database logins with access to a shared store.</summary>
        Login,
    }
}
