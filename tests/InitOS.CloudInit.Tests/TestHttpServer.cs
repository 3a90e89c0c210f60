using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InitOS.CloudInit.Tests;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (raw <see cref="TcpListener"/>, one request per connection) that serves
/// canned routes, records every request, and can answer slowly, cut the connection, or send garbage.
/// </summary>
public sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Func<Request, Reply>> _routes = new();
    private readonly Task _loop;

    public TestHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers);

    public sealed record Reply(int Status, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null, bool Garbage = false, bool Hang = false, bool Drop = false)
    {
        public static Reply Text(string body, int status = 200, IReadOnlyDictionary<string, string>? headers = null) => new(status, Encoding.UTF8.GetBytes(body), headers);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}/";

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Serves <paramref name="reply"/> for <c>METHOD /path</c> (path with query).</summary>
    public void Route(string method, string path, Func<Request, Reply> reply) => _routes[$"{method} {path}"] = reply;

    public void Route(string method, string path, Reply reply) => Route(method, path, _ => reply);

    public void Get(string path, string body, IReadOnlyDictionary<string, string>? headers = null) => Route("GET", path, Reply.Text(body, 200, headers));

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null)
            {
                return;
            }
            var lines = head.Split("\r\n");
            var first = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1).Where(l => l.Contains(':')))
            {
                headers[line[..line.IndexOf(':')].Trim()] = line[(line.IndexOf(':') + 1)..].Trim();
            }
            if (headers.TryGetValue("Content-Length", out var length) && int.Parse(length) > 0)
            {
                var body = new byte[int.Parse(length)];
                await stream.ReadExactlyAsync(body, _stop.Token);
            }
            var request = new Request(first[0], first[1], headers);
            Requests.Enqueue(request);
            var reply = _routes.TryGetValue($"{request.Method} {request.Path}", out var route)
                ? route(request)
                : Reply.Text("not found", 404);
            if (reply.Hang)
            {
                // held until the server stops: the client's own bound must end the wait
                var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (_stop.Token.Register(() => held.TrySetCanceled(_stop.Token)))
                {
                    await held.Task;
                }
            }
            if (reply.Drop)
            {
                // Reset: close with unread data and no answer.
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }
            if (reply.Garbage)
            {
                await stream.WriteAsync("\u0001\u0002 this is not HTTP\r\n\r\n"u8.ToArray(), _stop.Token);
                return;
            }
            var response = new StringBuilder($"HTTP/1.1 {reply.Status} X\r\nContent-Length: {reply.Body.Length}\r\nConnection: close\r\n");
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                response.Append(name).Append(": ").Append(value).Append("\r\n");
            }
            response.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response.ToString()), _stop.Token);
            await stream.WriteAsync(reply.Body, _stop.Token);
        }
        catch (Exception)
        {
            // The client went away or the server is stopping.
        }
    }

    private async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 65536)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
            {
                return Encoding.ASCII.GetString(buffer.ToArray(), 0, buffer.Count - 4);
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
