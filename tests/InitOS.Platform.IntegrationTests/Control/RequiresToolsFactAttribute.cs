namespace InitOS.Platform.IntegrationTests.Control;

/// <summary>A fact that needs the named tools on PATH (and root when asked): skipped with the reason outside CI.</summary>
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when a tool (or root) is missing, outside CI=true.</summary>
    public RequiresToolsFactAttribute(bool root, params string[] tools)
    {
        string? missing = root ? Prerequisites.MissingRoot() : null;
        missing ??= tools.Where(t => Prerequisites.Which(t) == null).Select(t => $"needs {t} (`make control-deps` installs it)").FirstOrDefault();
        if (missing != null && !Prerequisites.IsCi)
        {
            Skip = missing;
        }
    }
}
