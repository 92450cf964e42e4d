import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG parsed by Foundation's XMLParser (FoundationXML on Linux): its elements in document
/// order with their attributes and text, or the parser's error.
final class SVGDocument: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        /// Classes of the enclosing elements and this one.
        let classes: [String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: Error?

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let inherited = open.last.map { elements[$0].classes } ?? []
        elements.append(Element(name: name, attributes: attributes, classes: inherited + (attributes["class"].map { [$0] } ?? [])))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for i in open { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    /// Elements named `name`, inside (or being) an element of class `wanted` if given.
    func all(_ name: String, class wanted: String? = nil) -> [Element] {
        elements.filter { e in e.name == name && (wanted.map { e.classes.contains($0) } ?? true) }
    }

    /// The plot area: the rectangle of the clip path (class `plot-area`).
    var plotArea: (x: Double, y: Double, width: Double, height: Double)? {
        guard let rect = all("rect", class: "plot-area").first,
              let x = rect.attributes["x"].flatMap(Double.init), let y = rect.attributes["y"].flatMap(Double.init),
              let w = rect.attributes["width"].flatMap(Double.init), let h = rect.attributes["height"].flatMap(Double.init)
        else { return nil }
        return (x, y, w, h)
    }

    /// Every number in a coordinate-like attribute, and in `points`, `d`, `transform`, `viewBox`.
    var coordinates: [String] {
        let names: Set<String> = ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "points", "d", "transform", "viewBox"]
        return elements.flatMap { e in
            e.attributes.filter { names.contains($0.key) }.flatMap { _, value in
                value.split(whereSeparator: { " ,()MHVLZrotate".contains($0) }).map(String.init)
            }
        }
    }
}
