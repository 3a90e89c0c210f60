using System.Buffers.Binary;
using System.Net.Sockets;

namespace InitOS.Platform.Control;

/// <summary>The credentials of the process at the other end of a unix socket, as the kernel recorded them at connect.</summary>
/// <param name="Pid">The peer's process id.</param>
/// <param name="Uid">The peer's user id.</param>
/// <param name="Gid">The peer's group id.</param>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;   // SOL_SOCKET
    private const int SoPeerCred = 17; // SO_PEERCRED: struct ucred { pid_t pid; uid_t uid; gid_t gid; }

    /// <summary>Reads <c>SO_PEERCRED</c> of a connected unix socket.</summary>
    /// <exception cref="SocketException">The kernel refused (not a unix socket, closed).</exception>
    public static PeerCredentials Read(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        int n = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
        if (n != ucred.Length)
        {
            throw new SocketException((int)SocketError.InvalidArgument);
        }
        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }
}
