namespace ApiKeyAdmin
{
    /// <summary>Whether a store keeps encrypted copies of secrets so that they can be shown again.</summary>
    public enum RevealPolicy
    {
        /// <summary>Keys can be shown again by a Super Admin; every showing is audited.</summary>
        Allowed = 0,

        /// <summary>Show-once: only hashes are kept, and existing encrypted copies are erased.</summary>
        Never = 1,
    }
}
