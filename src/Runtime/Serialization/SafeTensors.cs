using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TensorDsl.NN;

namespace TensorDsl.Serialization;

/// <summary>
/// The safetensors format, so weights move between TensorDsl and PyTorch / Hugging Face tools:
/// an 8-byte little-endian header length, a JSON header (name → dtype, shape, data offsets) and
/// the raw little-endian data. Reading checks everything before returning anything.
/// </summary>
public static class SafeTensors
{
    // Larger headers are refused, as the reference implementation does, before anything is allocated.
    private const long MaxHeader = 100_000_000;

    /// <summary>Writes the tensors of <paramref name="tensors"/> (a state dict) to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var entries = tensors.Select(kv => (Name: kv.Key, Data: Bytes(kv.Value), Tensor: kv.Value)).ToList();
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, data, tensor) in entries)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", Code(tensor.DType));
                json.WriteStartArray("shape");
                foreach (var s in tensor.Shape) json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += data.Length;
            }
            json.WriteEndObject();
        }
        // The header is padded with spaces to a multiple of 8 bytes, so the data is aligned.
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        header.Position = 0;
        header.CopyTo(file);
        foreach (var entry in entries) file.Write(entry.Data);
    }

    /// <summary>Writes named tensors (<c>module.NamedParameters()</c>) to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Value)> tensors) =>
        Save(path, tensors.Select(t => new KeyValuePair<string, Tensor>(t.Name, t.Value)));

    /// <summary>
    /// Reads every tensor of <paramref name="path"/>, in header order. A truncated file, a header that
    /// is not safetensors JSON, an unknown dtype, or offsets that do not match the shapes or overrun
    /// the data throw <see cref="InvalidDataException"/> naming the file and the problem.
    /// </summary>
    public static StateDict Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw Bad(path, $"the file has {bytes.Length} bytes, fewer than the 8 of the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeader) throw Bad(path, $"the header length {headerLength} is larger than {MaxHeader} bytes");
        if (8 + (long)headerLength > bytes.Length)
            throw Bad(path, $"the header needs {headerLength} bytes but the file has {bytes.Length - 8} after the length (truncated?)");
        var data = bytes.AsSpan(8 + (int)headerLength);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Bad(path, "the header is not valid JSON: " + e.Message);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(path, "the header is not a JSON object");
            var result = new StateDict();
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                var (dtype, shape, begin, end) = ReadEntry(path, entry);
                long numel = shape.Aggregate(1L, (a, b) => a * b);
                long expected = numel * Size(dtype);
                if (end - begin != expected)
                    throw Bad(path, $"tensor '{entry.Name}' of shape {Shapes.ShapeRules.Format(shape)} needs {expected} bytes, but its offsets [{begin}, {end}] give {end - begin}");
                if (end > data.Length)
                    throw Bad(path, $"tensor '{entry.Name}' ends at byte {end} of the data, which has {data.Length} (offsets out of range, or a truncated file)");
                ranges.Add((begin, end, entry.Name));
                result.Add(entry.Name, FromBytes(data[(int)begin..(int)end], dtype, shape));
            }
            ranges.Sort();
            for (int i = 1; i < ranges.Count; i++)
                if (ranges[i].Begin < ranges[i - 1].End)
                    throw Bad(path, $"tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' overlap");
            return result;
        }
    }

    private static (DType DType, int[] Shape, long Begin, long End) ReadEntry(string path, JsonProperty entry)
    {
        var e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !e.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array || offsetsJson.GetArrayLength() != 2)
        {
            throw Bad(path, $"tensor '{entry.Name}' needs \"dtype\", \"shape\" and two \"data_offsets\"");
        }
        var dtype = dtypeJson.GetString() switch
        {
            "F32" => DType.Float32,
            "F64" => DType.Float64,
            "I64" => DType.Int64,
            "I32" => DType.Int32,
            "BOOL" => DType.Bool,
            var other => throw Bad(path, $"tensor '{entry.Name}' has dtype {other}, which TensorDsl does not support (F32, F64, I64, I32, BOOL)"),
        };
        var shape = new List<int>();
        foreach (var s in shapeJson.EnumerateArray())
        {
            if (!s.TryGetInt32(out int size) || size < 0) throw Bad(path, $"tensor '{entry.Name}' has an invalid size {s}");
            shape.Add(size);
        }
        if (!offsetsJson[0].TryGetInt64(out long begin) || !offsetsJson[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Bad(path, $"tensor '{entry.Name}' has invalid data offsets {offsetsJson}");
        return (dtype, shape.ToArray(), begin, end);
    }

    private static InvalidDataException Bad(string path, string problem) => new($"{path} is not a valid safetensors file: {problem}.");

    private static string Code(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int64 => "I64",
        DType.Int32 => "I32",
        _ => "BOOL",
    };

    private static int Size(DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        _ => 1,
    };

    // The elements in row-major order as little-endian bytes.
    private static byte[] Bytes(Tensor t)
    {
        var values = t.ContiguousData();
        byte[] bytes = values switch
        {
            float[] f => MemoryMarshal.AsBytes(f.AsSpan()).ToArray(),
            double[] d => MemoryMarshal.AsBytes(d.AsSpan()).ToArray(),
            long[] l => MemoryMarshal.AsBytes(l.AsSpan()).ToArray(),
            int[] i => MemoryMarshal.AsBytes(i.AsSpan()).ToArray(),
            bool[] b => b.Select(x => x ? (byte)1 : (byte)0).ToArray(),
            _ => throw new InvalidOperationException(),
        };
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian");
        return bytes;
    }

    private static Tensor FromBytes(ReadOnlySpan<byte> data, DType dtype, int[] shape)
    {
        Array storage = dtype switch
        {
            DType.Float32 => MemoryMarshal.Cast<byte, float>(data).ToArray(),
            DType.Float64 => MemoryMarshal.Cast<byte, double>(data).ToArray(),
            DType.Int64 => MemoryMarshal.Cast<byte, long>(data).ToArray(),
            DType.Int32 => MemoryMarshal.Cast<byte, int>(data).ToArray(),
            _ => data.ToArray().Select(b => b != 0).ToArray(),
        };
        return new Tensor(storage, shape);
    }
}
