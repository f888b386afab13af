namespace ApiKeyAdmin
{
    /// <summary>The acting user lacks the role a command needs.</summary>
    public sealed class PermissionDeniedException : ApiKeyAdminException
    {
        /// <summary>Creates the error naming the user and the missing role.</summary>
        public PermissionDeniedException(string user, string requiredRole)
            : base("SuperAdminRequired", ErrorKind.PermissionDenied, user,
                  $"User '{user}' does not hold the {requiredRole} role, which this command requires. " +
                  "Ask a Super Admin of the store to run Grant-ApiKeyAdminRole.", stopsCommand: true)
        {
            User = user;
            RequiredRole = requiredRole;
        }

        /// <summary>The user that was refused.</summary>
        public string User { get; }

        /// <summary>The role the command needs.</summary>
        public string RequiredRole { get; }
    }
}
