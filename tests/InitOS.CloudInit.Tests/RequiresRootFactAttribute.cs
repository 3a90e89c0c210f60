namespace InitOS.CloudInit.Tests;

/// <summary>A fact that needs root (mount, loop devices); skipped with the reason otherwise, failed under CI.</summary>
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute()
    {
        if (!Tools.IsRoot && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "needs root (mount(2) and loop devices)";
        }
    }
}
