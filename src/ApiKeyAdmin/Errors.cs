using System.Management.Automation;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Every ErrorRecord the cmdlets write: the core's errors (built in Fail, which also says whether each stops the
    /// command) with their ErrorId, a category from their kind and their target.
    /// </summary>
    internal static class Errors
    {
        internal static ErrorRecord From(ApiKeyAdminException ex) => new ErrorRecord(ex, ex.ErrorId, Category(ex.Kind), ex.Target);

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
