/// A stable identity for a dictionary's weights, so annotations follow the dictionary wherever its files move.
public enum DictionaryIdentity {
    /// SHA-256 over the sizes and the decoder's float32 values, as hex.
    public static func of(_ dictionary: SparseDictionary) -> String {
        var hash = SHA256()
        let sizes = [UInt64(dictionary.dIn).littleEndian, UInt64(dictionary.featureCount).littleEndian]
        sizes.withUnsafeBytes { hash.update($0) }
        hash.update(UnsafeRawBufferPointer(UnsafeBufferPointer(dictionary.decoder.buffer)))
        return hash.finalizeHex()
    }
}
