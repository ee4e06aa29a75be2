//! Conversions between number types that say what happens at their edges, so that no `as`
//! silently truncates, wraps or drops a sign (the crate denies clippy's cast lints).
//!
//! Counts are `u64` and never reach 2^63; lengths and indexes are `usize`; chart and sheet
//! coordinates are small. Where a value could still fall outside the target type, these
//! saturate: a sheet row or chart coordinate that large is then refused by its writer, never
//! drawn in the wrong place.

/// `now − before` for two counts, as a signed change: exact for any two counts below 2^63,
/// saturating beyond.
pub(crate) fn change(before: u64, now: u64) -> i64 {
    let diff = i128::from(now) - i128::from(before);
    i64::try_from(diff).unwrap_or(if diff > 0 { i64::MAX } else { i64::MIN })
}

/// `x` rounded half away from zero to a whole number; saturating at the ends of `i64`, and
/// `NaN` as 0 (Rust's float-to-integer conversion, made explicit here).
#[allow(
    clippy::cast_possible_truncation,
    reason = "float to integer conversion saturates, as documented above"
)]
pub(crate) fn round_i64(x: f64) -> i64 {
    x.round() as i64
}

/// `x` rounded half away from zero to a whole number no less than 0; saturating at
/// `u64::MAX`, and `NaN` as 0.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "float to integer conversion saturates (negative to 0), as documented above"
)]
pub(crate) fn round_u64(x: f64) -> u64 {
    x.round() as u64
}

/// A length, index or count as `i32`, saturating at `i32::MAX`.
pub(crate) fn to_i32<T: TryInto<i32>>(n: T) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

/// A length or index as `u32`, saturating at `u32::MAX`.
pub(crate) fn to_u32<T: TryInto<u32>>(n: T) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// A length or index as `u16` (a sheet's column), saturating at `u16::MAX`.
pub(crate) fn to_u16<T: TryInto<u16>>(n: T) -> u16 {
    n.try_into().unwrap_or(u16::MAX)
}

/// A count or offset as `usize`, saturating at `usize::MAX`.
pub(crate) fn to_usize<T: TryInto<usize>>(n: T) -> usize {
    n.try_into().unwrap_or(usize::MAX)
}

/// A small length as `u8`, saturating at `u8::MAX`.
pub(crate) fn to_u8<T: TryInto<u8>>(n: T) -> u8 {
    n.try_into().unwrap_or(u8::MAX)
}

/// A size as `isize`, saturating at `isize::MAX`.
pub(crate) fn to_isize<T: TryInto<isize>>(n: T) -> isize {
    n.try_into().unwrap_or(isize::MAX)
}

/// A count or length as `u64`, saturating at `u64::MAX` (0 for a negative).
pub(crate) fn to_u64<T: TryInto<u64> + Copy + PartialOrd + Default>(n: T) -> u64 {
    if n < T::default() {
        return 0;
    }
    n.try_into().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_say_what_happens_at_their_edges() {
        assert_eq!(change(10, 7), -3);
        assert_eq!(change(0, u64::MAX), i64::MAX);
        assert_eq!(change(u64::MAX, 0), i64::MIN);
        assert_eq!(round_i64(2.5), 3);
        assert_eq!(round_i64(-2.5), -3);
        assert_eq!(round_i64(f64::NAN), 0);
        assert_eq!(round_u64(-4.0), 0);
        assert_eq!(round_u64(1e30), u64::MAX);
        assert_eq!(to_u16(70_000usize), u16::MAX);
        assert_eq!(to_u32(5usize), 5);
        assert_eq!(to_i32(u64::MAX), i32::MAX);
        assert_eq!(to_u64(-3i32), 0);
        assert_eq!(to_u64(7i32), 7);
        assert_eq!(to_usize(12u64), 12);
        assert_eq!(to_isize(u64::MAX), isize::MAX);
    }
}
