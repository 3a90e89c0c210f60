using Xunit;

namespace InitOS.TestKit;

/// <summary>
/// A fact that needs root (mount(2), loop devices, chown): skipped with the reason elsewhere, but run (and failed)
/// under <c>CI=true</c>, where <c>make test</c> runs as root and installs what the tests need.
/// </summary>
public sealed class RequiresRootFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when not root outside CI.</summary>
    public RequiresRootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "needs root (mount(2), loop devices, chown)";
        }
    }
}
