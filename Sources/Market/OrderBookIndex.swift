// Order id → slab slot: an open-addressing hash table (linear probing, backward-shift deletion),
// kept at most half full. Ids are positive, so 0 marks an empty bucket.

struct OrderIndex: Sendable {
    private var keys: ContiguousArray<Int64>
    private var values: ContiguousArray<Int32>
    private var shift: UInt64
    private(set) var count = 0

    init() {
        keys = ContiguousArray(repeating: 0, count: 16)
        values = ContiguousArray(repeating: -1, count: 16)
        shift = 64 - 4
    }

    @inline(__always)
    private func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot of `key`, or -1.
    @inline(__always)
    func find(_ key: Int64) -> Int32 {
        let mask = keys.count - 1
        var i = home(key)
        return keys.withUnsafeBufferPointer { k in
            while true {
                let x = k[i]
                if x == key { return values[i] }
                if x == 0 { return -1 }
                i = (i + 1) & mask
            }
        }
    }

    /// Inserts a key that is not present.
    mutating func insert(_ key: Int64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(key)
        while keys[i] != 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    /// Removes a key if present.
    mutating func remove(_ key: Int64) {
        let mask = keys.count - 1
        var i = home(key)
        while keys[i] != key {
            if keys[i] == 0 { return }
            i = (i + 1) & mask
        }
        // Backward shift: pull later members of the probe run into the hole when their home allows.
        var j = i
        while true {
            j = (j + 1) & mask
            let kj = keys[j]
            if kj == 0 { break }
            let h = home(kj)
            // kj may move to i when i lies cyclically in [h, j).
            let movable = i <= j ? (h <= i || h > j) : (h <= i && h > j)
            if movable {
                keys[i] = kj
                values[i] = values[j]
                i = j
            }
        }
        keys[i] = 0
        values[i] = -1
        count -= 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let n = oldKeys.count * 2
        keys = ContiguousArray(repeating: 0, count: n)
        values = ContiguousArray(repeating: -1, count: n)
        shift -= 1
        count = 0
        for i in 0..<oldKeys.count where oldKeys[i] != 0 { insert(oldKeys[i], oldValues[i]) }
    }
}
