using System.Management.Automation;

namespace ApiKeyAdmin
{
    /// <summary>Turns the core's errors into ErrorRecords: its ErrorId, a category from its kind, its target.</summary>
    internal static class Errors
    {
        internal static ErrorRecord From(ApiKeyAdminException ex) => new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), ex.Target);

        /// <summary>
        /// Failures that leave the whole command without a store to work on stop it; the rest are per item and the
        /// command goes on with the next one.
        /// </summary>
        internal static bool IsTerminating(ApiKeyAdminException ex)
        {
            switch (ex.Kind)
            {
                case ErrorKind.PermissionDenied:
                case ErrorKind.ResourceUnavailable:
                case ErrorKind.InvalidData:
                case ErrorKind.OpenError:
                case ErrorKind.SecurityError:
                case ErrorKind.WriteError:
                    return ex.ErrorId != "IntegrityCheckFailed";
                default:
                    return ex.ErrorId == "StoreNotFound" || ex.ErrorId == "InvalidStorePath" || ex.ErrorId == "InvalidConnectionString"
                        || ex.ErrorId == "ConflictingStoreParameters" || ex.ErrorId == "ConflictingStoreEnvironment"
                        || ex.ErrorId == "PostgreSqlRequiresPowerShell7";
            }
        }

        private static ErrorCategory Category(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case ErrorKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case ErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case ErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                case ErrorKind.ObjectNotFound: return ErrorCategory.ObjectNotFound;
                case ErrorKind.ResourceUnavailable: return ErrorCategory.ResourceUnavailable;
                case ErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case ErrorKind.WriteError: return ErrorCategory.WriteError;
                case ErrorKind.OpenError: return ErrorCategory.OpenError;
                case ErrorKind.SecurityError: return ErrorCategory.SecurityError;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
