namespace ApiKeyAdmin.Identity
{
    /// <summary>
    /// Who is acting. The PowerShell layer supplies the engine's answer (the connected user of a remoting or JEA
    /// session, else the OS user); tests supply users of their own. Never taken from anything a user can set.
    /// </summary>
    public interface IIdentityProvider
    {
        /// <summary>The acting user's name.</summary>
        string CurrentUser { get; }
    }
}
