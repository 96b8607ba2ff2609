import Foundation

/// A JSON object read from a config file, with typed getters whose errors name the file and the key.
struct JSONConfig {
    /// The file the object came from.
    let path: String
    /// The object's fields.
    var fields: [String: Any]

    /// Reads and parses the JSON object at `path` (at most `maxBytes`: 16 MB by default, as config files are small).
    init(path: String, maxBytes: Int = 16 << 20) throws {
        let file = try MappedFile(path: path)
        guard file.bytes.count <= maxBytes else { throw InputError(path, "is \(file.bytes.count) bytes, too large for a file of its kind") }
        let parsed: Any
        do { parsed = try JSONReader.parse(file.bytes) } catch { throw InputError(path, "is not JSON: \(error)") }
        guard let object = parsed as? [String: Any] else { throw InputError(path, "is not a JSON object") }
        self.path = path
        fields = object
    }

    /// An object given directly (a nested dictionary of another config).
    init(path: String, fields: [String: Any]) {
        self.path = path
        self.fields = fields
    }

    /// Whether `key` is present and not null. Asks the value's type, not the value: `value is NSNull` on a large object
    /// or array bridges all of it to Foundation's classes first (two thirds of opening a 3.5 MB tokenizer.json).
    func has(_ key: String) -> Bool {
        guard let value = fields[key] else { return false }
        return !(type(of: value) is NSNull.Type)
    }

    /// An optional string value; a value of another type is an error.
    func string(_ key: String) throws -> String? {
        guard has(key) else { return nil }
        guard let value = fields[key] as? String else { throw InputError(path, "'\(key)' is not a string") }
        return value
    }

    /// An optional whole-number value; a value of another type is an error.
    func int(_ key: String) throws -> Int? {
        guard has(key) else { return nil }
        guard let number = fields[key] as? NSNumber, !Self.isBoolean(number) else { throw InputError(path, "'\(key)' is not a number") }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 1e15 else { throw InputError(path, "'\(key)' is not a whole number") }
        return Int(double)
    }

    /// An optional number; a value of another type is an error.
    func double(_ key: String) throws -> Double? {
        guard has(key) else { return nil }
        guard let number = fields[key] as? NSNumber, !Self.isBoolean(number) else { throw InputError(path, "'\(key)' is not a number") }
        return number.doubleValue
    }

    /// An optional array; a value of another type is an error.
    func array(_ key: String) throws -> [Any]? {
        guard has(key) else { return nil }
        guard let value = fields[key] as? [Any] else { throw InputError(path, "'\(key)' is not an array") }
        return value
    }

    /// A required whole-number value.
    func requiredInt(_ key: String) throws -> Int {
        guard let value = try int(key) else { throw InputError(path, "has no '\(key)'") }
        return value
    }

    /// An optional boolean value; a value of another type is an error.
    func bool(_ key: String) throws -> Bool? {
        guard has(key) else { return nil }
        if let number = fields[key] as? NSNumber, Self.isBoolean(number) { return number.boolValue }
        throw InputError(path, "'\(key)' is not true or false")
    }

    /// Whether a parsed JSON number is really `true` or `false` (Foundation bridges both to NSNumber).
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// An optional nested object.
    func object(_ key: String) throws -> JSONConfig? {
        guard has(key) else { return nil }
        guard let value = fields[key] as? [String: Any] else { throw InputError(path, "'\(key)' is not an object") }
        return JSONConfig(path: path, fields: value)
    }
}
