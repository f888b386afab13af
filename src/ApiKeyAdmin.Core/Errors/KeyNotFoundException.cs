namespace ApiKeyAdmin
{
    /// <summary>No key matches the id, or the account has no key of the kind asked for.</summary>
    public sealed class ApiKeyNotFoundException : ApiKeyAdminException
    {
        /// <summary>Creates the error for a target key id or account.</summary>
        public ApiKeyNotFoundException(string target, string message)
            : base("KeyNotFound", ErrorKind.ObjectNotFound, target, message)
        {
        }
    }
}
