using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Madoguchi.Features.OpenData.Dcat;

/// <summary>A node or value of an RDF graph: an IRI, a blank node or a literal (with a language or a datatype).</summary>
public abstract record RdfTerm;

public sealed record RdfIri(string Value) : RdfTerm;

public sealed record RdfBlank(string Label) : RdfTerm;

public sealed record RdfLiteral(string Value, string? Language = null, string? Datatype = null) : RdfTerm;

/// <summary>
/// A small RDF graph written two ways, Turtle and JSON-LD (no RDF library is served by the package mirror, and the
/// catalog needs only writing). Predicates are given as prefixed names of <see cref="Prefixes"/>; triples keep the
/// order they were added in, so that output is stable and readable. The tests parse both with rdflib and compare them.
/// </summary>
public sealed class RdfGraph
{
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    public static readonly IReadOnlyDictionary<string, string> Prefixes = new Dictionary<string, string>
    {
        ["rdf"] = Rdf,
        ["xsd"] = Xsd,
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["foaf"] = "http://xmlns.com/foaf/0.1/",
        ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
        ["skos"] = "http://www.w3.org/2004/02/skos/core#",
        ["locn"] = "http://www.w3.org/ns/locn#",
        ["adms"] = "http://www.w3.org/ns/adms#",
        ["hydra"] = "http://www.w3.org/ns/hydra/core#",
        ["spdx"] = "http://spdx.org/rdf/terms#",
        ["dcatap"] = "http://data.europa.eu/r5r/",
        ["gsp"] = "http://www.opengis.net/ont/geosparql#",
    };

    private readonly List<(RdfTerm Subject, string Predicate, RdfTerm Object)> triples = [];
    private readonly HashSet<(RdfTerm Subject, string Predicate, RdfTerm Object)> seen = [];
    private int blanks;

    public int Count => triples.Count;

    public RdfBlank NewBlank() => new($"b{++blanks}");

    /// <summary>
    /// Adds a triple; a null object (a value the dataset does not have) adds nothing, and a triple already in the graph
    /// is not repeated (a graph is a set: the 課 that publishes many datasets is described once).
    /// </summary>
    public RdfGraph Add(RdfTerm subject, string predicate, RdfTerm? value)
    {
        if (value is not null && !(value is RdfLiteral { Value.Length: 0 }) && seen.Add((subject, Expand(predicate), value)))
        {
            triples.Add((subject, Expand(predicate), value));
        }

        return this;
    }

    public RdfGraph Type(RdfTerm subject, string type) => Add(subject, "rdf:type", Iri(type));

    public static RdfIri Iri(string prefixedOrFull) => new(Expand(prefixedOrFull));

    public static RdfLiteral? Text(string? value, string? language = null) => value is null ? null : new RdfLiteral(value, language);

    public static RdfLiteral Date(DateOnly value) => new(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Datatype: Xsd + "date");

    public static RdfLiteral DateTime(DateTime utc) =>
        new(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Datatype: Xsd + "dateTime");

    public static RdfLiteral Integer(long value) => new(value.ToString(CultureInfo.InvariantCulture), Datatype: Xsd + "integer");

    /// <summary>A count or a size (DCAT 3: <c>dcat:byteSize</c> is an <c>xsd:nonNegativeInteger</c>).</summary>
    public static RdfLiteral NonNegativeInteger(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new(value.ToString(CultureInfo.InvariantCulture), Datatype: Xsd + "nonNegativeInteger");
    }

    /// <summary>A prefixed name to its IRI; an absolute IRI as it is; an unknown prefix is a programming error.</summary>
    private static string Expand(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Prefixes.TryGetValue(name[..colon], out var ns))
        {
            return ns + name[(colon + 1)..];
        }

        return Uri.IsWellFormedUriString(name, UriKind.Absolute) && name.Contains("://", StringComparison.Ordinal)
            ? name
            : throw new ArgumentException($"Unknown prefix in {name}", nameof(name));
    }

    // ---- Turtle (RDF 1.1 Turtle, https://www.w3.org/TR/turtle/) ----

    public string ToTurtle()
    {
        var text = new StringBuilder();
        foreach (var (prefix, ns) in Prefixes)
        {
            text.Append("@prefix ").Append(prefix).Append(": <").Append(ns).Append("> .\n");
        }

        foreach (var subject in triples.GroupBy(t => t.Subject))
        {
            text.Append('\n').Append(Turtle(subject.Key));
            var first = true;
            foreach (var predicate in subject.GroupBy(t => t.Predicate))
            {
                text.Append(first ? " " : " ;\n    ");
                first = false;
                text.Append(predicate.Key == Rdf + "type" ? "a" : TurtleIri(predicate.Key)).Append(' ');
                text.AppendJoin(", ", predicate.Select(t => Turtle(t.Object)));
            }

            text.Append(" .\n");
        }

        return text.ToString();
    }

    private static string Turtle(RdfTerm term) => term switch
    {
        RdfIri iri => TurtleIri(iri.Value),
        RdfBlank blank => "_:" + blank.Label,
        RdfLiteral { Language: { } language } literal => Quoted(literal.Value) + "@" + language,
        RdfLiteral { Datatype: { } datatype } literal => Quoted(literal.Value) + "^^" + TurtleIri(datatype),
        RdfLiteral literal => Quoted(literal.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(term)),
    };

    /// <summary>A prefixed name when the local part is plain, otherwise <c>&lt;IRI&gt;</c> with what IRIREF forbids percent-encoded.</summary>
    private static string TurtleIri(string iri)
    {
        foreach (var (prefix, ns) in Prefixes)
        {
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri.Length > ns.Length && IsPlainLocalName(iri.AsSpan(ns.Length)))
            {
                return prefix + ":" + iri[ns.Length..];
            }
        }

        var text = new StringBuilder("<");
        foreach (var rune in iri.EnumerateRunes())
        {
            if (rune.Value <= 0x20 || rune.Value is '<' or '>' or '"' or '{' or '}' or '|' or '^' or '`' or '\\')
            {
                foreach (var b in Encoding.UTF8.GetBytes(rune.ToString()))
                {
                    text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        return text.Append('>').ToString();
    }

    private static bool IsPlainLocalName(ReadOnlySpan<char> local)
    {
        if (!char.IsAsciiLetter(local[0]))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        return text.Append('"').ToString();
    }

    // ---- JSON-LD 1.1 (flattened: one node object per subject in @graph, prefixes in an inline @context) ----

    public JsonObject ToJsonLd()
    {
        var context = new JsonObject();
        foreach (var (prefix, ns) in Prefixes)
        {
            context[prefix] = ns;
        }

        var graph = new JsonArray();
        foreach (var subject in triples.GroupBy(t => t.Subject))
        {
            var node = new JsonObject { ["@id"] = Id(subject.Key) };
            foreach (var predicate in subject.GroupBy(t => t.Predicate))
            {
                if (predicate.Key == Rdf + "type")
                {
                    node["@type"] = new JsonArray(predicate.Select(t => (JsonNode?)Compact(((RdfIri)t.Object).Value)).ToArray());
                    continue;
                }

                node[Compact(predicate.Key)] = new JsonArray(predicate.Select(t => (JsonNode?)JsonLdValue(t.Object)).ToArray());
            }

            graph.Add(node);
        }

        return new JsonObject { ["@context"] = context, ["@graph"] = graph };
    }

    public string ToJsonLdString() => ToJsonLd().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Id(RdfTerm term) => term switch
    {
        RdfIri iri => iri.Value,
        RdfBlank blank => "_:" + blank.Label,
        _ => throw new ArgumentOutOfRangeException(nameof(term)),
    };

    private static JsonObject JsonLdValue(RdfTerm term) => term switch
    {
        RdfLiteral { Language: { } language } literal => new JsonObject { ["@value"] = literal.Value, ["@language"] = language },
        RdfLiteral { Datatype: { } datatype } literal => new JsonObject { ["@value"] = literal.Value, ["@type"] = Compact(datatype) },
        RdfLiteral literal => new JsonObject { ["@value"] = literal.Value },
        _ => new JsonObject { ["@id"] = Id(term) },
    };

    private static string Compact(string iri)
    {
        foreach (var (prefix, ns) in Prefixes)
        {
            if (iri.StartsWith(ns, StringComparison.Ordinal) && iri.Length > ns.Length && IsPlainLocalName(iri.AsSpan(ns.Length)))
            {
                return prefix + ":" + iri[ns.Length..];
            }
        }

        return iri;
    }
}
