import GRDB

extension Row {
    /// The value of column `name` as `T`, or an error naming the column when it is missing or holds another type
    /// (text where a number should be): a damaged or hostile file gets an error, never GRDB's fatal conversion.
    func strict<T: DatabaseValueConvertible>(_ name: String) throws -> T {
        guard let value = self[name] as DatabaseValue?, let converted = T.fromDatabaseValue(value) else {
            throw DatabaseError(message: "column \(name) holds \(self[name] as DatabaseValue? ?? .null), not a \(T.self)")
        }
        return converted
    }
}
