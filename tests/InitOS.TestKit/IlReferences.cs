using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace InitOS.TestKit;

/// <summary>
/// Reads the IL of every method body of a compiled assembly with System.Reflection.Metadata and lists the outside
/// members each one touches (call, callvirt, newobj, ldftn, field loads and stores) as
/// <c>Caller -&gt; Namespace.Type::Member(parameter types)</c>.
/// </summary>
public static class IlReferences
{
    /// <summary>One use of an outside member by a method of the assembly.</summary>
    public sealed record Use(string Caller, string Type, string Member, string Parameters)
    {
        public override string ToString() => $"{Caller} -> {Type}::{Member}({Parameters})";
    }

    public static IReadOnlyList<Use> Read(string assemblyPath)
    {
        var uses = new List<Use>();
        Walk(assemblyPath, (md, caller, opcode, token) =>
        {
            if (opcode != ILOpCode.Ldstr && Describe(md, MetadataTokens.EntityHandle(token)) is { } use)
            {
                uses.Add(new Use(caller, use.Type, use.Member, use.Parameters));
            }
        });
        return uses;
    }

    /// <summary>Every string literal the IL loads (<c>ldstr</c>), with the method that loads it.</summary>
    public static IReadOnlyList<(string Caller, string Text)> ReadStrings(string assemblyPath)
    {
        var strings = new List<(string Caller, string Text)>();
        Walk(assemblyPath, (md, caller, opcode, token) =>
        {
            if (opcode == ILOpCode.Ldstr)
            {
                strings.Add((caller, md.GetUserString(MetadataTokens.UserStringHandle(token & 0x00FFFFFF))));
            }
        });
        return strings;
    }

    /// <summary>Calls <paramref name="visit"/> for every instruction with a metadata token, in every method body.</summary>
    private static void Walk(string assemblyPath, Action<MetadataReader, string, ILOpCode, int> visit)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }
            var caller = $"{TypeName(md, method.GetDeclaringType())}.{md.GetString(method.Name)}";
            var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
            while (il.RemainingBytes > 0)
            {
                var (opcode, size) = ReadOpCode(ref il);
                if (size == TokenOperand)
                {
                    visit(md, caller, opcode, il.ReadInt32());
                }
                else if (opcode == ILOpCode.Switch)
                {
                    // read the count first: in 'il.Offset += 4 * il.ReadInt32()' the old Offset is read before
                    // ReadInt32 moves it, which lands 4 bytes short, inside the jump table
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                }
                else
                {
                    il.Offset += size;
                }
            }
        }
    }

    private const int TokenOperand = -1;

    private static (ILOpCode OpCode, int OperandSize) ReadOpCode(ref BlobReader il)
    {
        var first = il.ReadByte();
        if (first == 0xFE)
        {
            var second = il.ReadByte();
            var code = (ILOpCode)(0xFE00 | second);
            return (code, second switch
            {
                0x06 or 0x07 or 0x15 or 0x16 or 0x1C => TokenOperand, // ldftn ldvirtftn initobj constrained. sizeof
                0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x0E => 2,      // ldarg ldarga starg ldloc ldloca stloc
                0x12 or 0x19 => 1,                                      // unaligned. no.
                _ => 0,
            });
        }
        var op = (ILOpCode)first;
        return (op, first switch
        {
            >= 0x0E and <= 0x13 or 0x1F or >= 0x2B and <= 0x37 or 0xDE => 1,
            0x20 or 0x22 or >= 0x38 and <= 0x44 or 0xDD => 4,
            0x21 or 0x23 => 8,
            0x45 => 0, // switch: the count is read by the caller
            0x27 or 0x28 or 0x29 or 0x6F or >= 0x70 and <= 0x75 or 0x79 or >= 0x7B and <= 0x81 or 0x8C or 0x8D or 0x8F
                or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 => TokenOperand,
            _ => 0,
        });
    }

    private static (string Type, string Member, string Parameters)? Describe(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                var parameters = member.GetKind() == MemberReferenceKind.Method
                    ? string.Join(", ", member.DecodeMethodSignature(new Names(md), null).ParameterTypes)
                    : "";
                return (ParentName(md, member.Parent), md.GetString(member.Name), parameters);
            case HandleKind.MethodSpecification:
                return Describe(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.TypeReference:
                return (TypeName(md, (TypeReferenceHandle)handle), "", "");
            default:
                return null; // our own definitions, strings, signatures
        }
    }

    private static string ParentName(MetadataReader md, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => TypeName(md, (TypeReferenceHandle)parent),
        HandleKind.TypeDefinition => TypeName(md, (TypeDefinitionHandle)parent),
        HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(new Names(md), null),
        _ => "?",
    };

    internal static string TypeName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? TypeName(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + name
            : Join(md.GetString(type.Namespace), name);
    }

    internal static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var outer = type.GetDeclaringType();
        return outer.IsNil ? Join(md.GetString(type.Namespace), name) : TypeName(md, outer) + "+" + name;
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>Type names for decoded signatures; generic instantiations keep their definition's name.</summary>
    private sealed class Names(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(md, handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(md, handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericMethodParameter(object? context, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? context, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetTypeFromSerializedName(string name) => name;
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(string type) => type == "System.Type";
    }
}
