namespace InitOS.Ros;

/// <summary>Entry of the <c>ros</c> personality.</summary>
public static class RosMain
{
    /// <summary>Runs <c>ros</c> with the given arguments and returns the exit status.</summary>
    public static int Run(string[] args)
    {
        if (args.Length == 1 && (args[0] == "--version" || args[0] == "-v"))
        {
            Console.WriteLine($"version {BuildInfo.Version}");
            return 0;
        }
        return 0;
    }
}
