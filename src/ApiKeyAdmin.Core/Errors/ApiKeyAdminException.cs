using System;

namespace ApiKeyAdmin
{
    /// <summary>
    /// Every failure the core reports: a stable <see cref="ErrorId"/> that scripts can rely on, a <see cref="Kind"/>,
    /// the offending value as <see cref="Target"/>, and whether it <see cref="StopsCommand"/>. Messages and targets
    /// never carry a secret.
    /// </summary>
    public class ApiKeyAdminException : Exception
    {
        /// <summary>Creates an error.</summary>
        public ApiKeyAdminException(string errorId, ErrorKind kind, object target, string message, Exception inner = null, bool stopsCommand = false)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
            StopsCommand = stopsCommand;
        }

        /// <summary>The stable PascalCase name of the condition, such as KeyNotFound.</summary>
        public string ErrorId { get; }

        /// <summary>The kind of failure.</summary>
        public ErrorKind Kind { get; }

        /// <summary>The value the error is about: an account, a key id, a path, a user.</summary>
        public object Target { get; }

        /// <summary>
        /// True when the failure leaves the whole command without a store to work on, so the command stops; false when
        /// it concerns one item and the command goes on with the next.
        /// </summary>
        public bool StopsCommand { get; }
    }
}
