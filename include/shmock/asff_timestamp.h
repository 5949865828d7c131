// The timestamps of the AWS Security Finding Format: what a finding's CreatedAt, UpdatedAt,
// FirstObservedAt... and a DateFilter's Start and End may hold.
//
// Security Hub documents one grammar for all of them (its "Timestamps" rules, repeated in the
// CloudFormation DateFilter reference): YYYY-MM-DDTHH:MM:SS, an optional fraction of 1 to 9
// digits, then Z or an offset +HH, +HH:MM or +HHMM (or -) no further than 18:00 from UTC. The
// second may be 60 only at 23:59:60. Upper-case T and Z only; no spaces.
//
// Kept apart from clock.h's ParseIso8601Millis, which reads only the mock's own output form
// (UTC, 0 or 3 fraction digits) where a wider language would hide a bug.
#ifndef SHMOCK_ASFF_TIMESTAMP_H_
#define SHMOCK_ASFF_TIMESTAMP_H_

#include <string_view>

#include "shmock/clock.h"

namespace shmock {

// The instant `text` names, in milliseconds since the epoch (a longer fraction is truncated).
// False, and `*t` untouched, for anything outside the grammar and for dates the calendar does
// not have (February 30, month 13). A leap second (23:59:60) counts as the first second of the next day.
// Allocates nothing: Matches calls it for every date it compares.
bool ParseAsffTimestamp(std::string_view text, Millis* t);

}  // namespace shmock

#endif  // SHMOCK_ASFF_TIMESTAMP_H_
