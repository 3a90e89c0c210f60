namespace InitOS.Core.Boot;

/// <summary>Where the system engine's data root stands in its repair sequence.</summary>
public enum DataRootStage
{
    /// <summary>The data root as found (on the state partition, or tmpfs without one).</summary>
    AsFound,

    /// <summary>A fresh, empty data root: the old one was moved aside.</summary>
    Fresh,

    /// <summary>A tmpfs over the data root: the state disk could not hold the engine.</summary>
    Memory,
}
