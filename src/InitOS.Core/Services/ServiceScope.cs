namespace InitOS.Core.Services;

/// <summary>Which engine runs a service (<c>io.rancher.os.scope</c>).</summary>
public enum ServiceScope
{
    /// <summary>The system engine (label value <c>system</c>).</summary>
    System,
    /// <summary>The user engine (any other value, or no label).</summary>
    User,
}
