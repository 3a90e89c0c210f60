using System.CommandLine;

namespace InitOS.Ros.Tls;

/// <summary><c>ros tls</c>: the command tree; the work is in <see cref="TlsActions"/>.</summary>
public static class TlsCommand
{
    /// <summary>Builds the <c>tls</c> command.</summary>
    public static Command Build(RosContext context)
    {
        var actions = new TlsActions(context);
        var tls = new Command("tls", "Make TLS certificates for the user Docker engine and its clients.");
        var server = new Option<bool>("--server", "-s")
        {
            Description = "Make the engine's certificate (server-cert.pem, server-key.pem; extended key usage server and client "
                + "authentication), stored in rancher.docker.server_cert/server_key for the next start of the engine. "
                + "Without it: a client certificate (cert.pem, key.pem; client authentication), not stored.",
        };
        var hostnames = new Option<string[]>("--hostname", "-H")
        {
            Description = "A DNS name or IP address the engine is reached by (repeatable); localhost, 127.0.0.1 and ::1 are always added. Only used with --server.",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.OneOrMore,
        };
        var dir = new Option<string?>("--dir", "-d")
        {
            Description = "Write the files here instead of /etc/docker/tls (server) or /home/rancher/.docker (client, owned by rancher). Made 0700.",
        };
        var generate = new Command("generate", "Write ca.pem and ca-key.pem (a new CA, stored in rancher.docker.ca_cert/ca_key, when none is stored) "
            + "and a new server or client certificate and key signed by it. RSA 2048, valid 1080 days; keys 0400, certificates 0444.")
        {
            server, hostnames, dir,
        };
        generate.Aliases.Add("gen");
        generate.SetAction(p => RosGuard.RunSync(context, () => actions.Generate(p.GetValue(server), p.GetValue(hostnames) ?? [], p.GetValue(dir))));
        tls.Subcommands.Add(generate);
        return tls;
    }
}
