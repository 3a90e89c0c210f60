namespace InitOS.Core.Config.Schema;

/// <summary>The kinds of value the config schema knows.</summary>
public enum SchemaKind
{
    /// <summary>Any value; not checked.</summary>
    Any,
    /// <summary>A string; numbers and booleans convert to their text when typed.</summary>
    String,
    /// <summary>A boolean (YAML 1.1 spellings); unset is <c>false</c>.</summary>
    Bool,
    /// <summary>A boolean that may be unset (printed as <c>null</c>), as the daemon flags.</summary>
    TriBool,
    /// <summary>An integer.</summary>
    Int,
    /// <summary>A list of one item schema.</summary>
    List,
    /// <summary>A closed map: only the listed fields are allowed.</summary>
    Object,
    /// <summary>A map with any keys, whose values all have one schema.</summary>
    Map,
    /// <summary>Either a string or a list of strings (<c>runcmd</c> entries, compose commands).</summary>
    StringOrList,
}
