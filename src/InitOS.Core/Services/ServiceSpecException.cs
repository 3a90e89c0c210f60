namespace InitOS.Core.Services;

/// <summary>A service definition that cannot be used: names the service, the key and what is wrong.</summary>
public sealed class ServiceSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServiceSpecException(string service, string key, string problem)
        : base($"Service '{service}': '{key}': {problem}")
    {
        Service = service;
        Key = key;
    }

    /// <summary>The service.</summary>
    public string Service { get; }

    /// <summary>The offending key.</summary>
    public string Key { get; }
}
