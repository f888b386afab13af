using System.Collections.Generic;
using System.Management.Automation;
using ApiKeyAdmin.Secrets;

namespace ApiKeyAdmin
{
    /// <summary>
    /// A secret of the module's own format (prefix and checksum) pasted into any parameter but -Key: found in the bound
    /// string parameters, so that the command refuses it with SecretInWrongParameter, naming the parameter and not the
    /// value, before anything is read, stored or echoed.
    /// </summary>
    internal static class MisplacedSecrets
    {
        // Where a secret belongs: Test-ApiKey's presented key.
        private const string KeyParameter = "Key";

        /// <summary>Throws a terminating SecretInWrongParameter when a bound string parameter other than -Key holds a secret.</summary>
        internal static void Refuse(PSCmdlet cmdlet)
        {
            foreach (KeyValuePair<string, object> bound in cmdlet.MyInvocation.BoundParameters)
            {
                if (bound.Key != KeyParameter && HoldsSecret(bound.Value))
                {
                    cmdlet.ThrowTerminatingError(Errors.From(Fail.SecretInWrongParameter("-" + bound.Key)));
                }
            }
        }

        // Only string parameters (and arrays of them) are looked at: a piped key object carries its secret legitimately.
        private static bool HoldsSecret(object value)
        {
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case string text:
                    return KeyFormat.ContainsSecret(text);
                case IEnumerable<string> texts:
                    foreach (string text in texts)
                    {
                        if (KeyFormat.ContainsSecret(text))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }
    }
}
