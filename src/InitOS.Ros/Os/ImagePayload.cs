namespace InitOS.Ros.Os;

/// <summary>An OS payload read out of an OS image in the system engine.</summary>
public static class ImagePayload
{
    /// <summary>Pulls <paramref name="image"/> when the system engine lacks it, then copies its /dist into
    /// <paramref name="directory"/> (emptied first) and loads the manifest.</summary>
    public static async Task<OsPayload> FetchAsync(RosContext context, OsHost host, string image, string directory, CancellationToken cancellationToken)
    {
        try
        {
            if (!await host.Images.HasAsync(image, cancellationToken).ConfigureAwait(false))
            {
                context.Out.WriteLine($"Pulling {image}");
                await host.Images.PullAsync(image, line => context.Out.WriteLine("      " + line), cancellationToken).ConfigureAwait(false);
            }
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            context.Out.WriteLine($"Reading {image}");
            await host.Images.ExtractDistAsync(image, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new RosException(e.Message);
        }
        return OsPayload.Load(host.Disks, directory, $"image {image}");
    }

    /// <summary>Frees the space a fetched payload took (it lives in memory under /run).</summary>
    public static void Discard(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
