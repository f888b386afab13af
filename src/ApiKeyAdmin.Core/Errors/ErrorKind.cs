namespace ApiKeyAdmin
{
    /// <summary>
    /// How an error is classified; the PowerShell layer maps each to its ErrorCategory, so the core stays free of PowerShell.
    /// </summary>
    public enum ErrorKind
    {
        /// <summary>An argument is not acceptable.</summary>
        InvalidArgument,

        /// <summary>The operation is not allowed in the current state.</summary>
        InvalidOperation,

        /// <summary>The acting user lacks a role.</summary>
        PermissionDenied,

        /// <summary>Something to be made already exists.</summary>
        ResourceExists,

        /// <summary>Something asked for does not exist.</summary>
        ObjectNotFound,

        /// <summary>The store is busy or otherwise unreachable for now.</summary>
        ResourceUnavailable,

        /// <summary>The store or a file holds something unreadable or unexpected.</summary>
        InvalidData,

        /// <summary>The store could not be written.</summary>
        WriteError,

        /// <summary>Opening or reading failed.</summary>
        OpenError,

        /// <summary>A security requirement is not met.</summary>
        SecurityError,
    }
}
