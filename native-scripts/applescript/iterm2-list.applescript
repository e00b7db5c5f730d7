-- Lists every iTerm2 session in one call: the AppleScript fallback when the Python API is off.
-- argv: {nonce}. Output like terminal-list: fields end with US & nonce, records with RS & nonce.
-- Header {"tower-iterm2-list-v1", state}; session fields: window id, tab index, session id, tty,
-- name, columns, rows, contents. A property that raises is left empty.
on run argv
	set nonce to item 1 of argv
	set US to (character id 31) & nonce
	set RS to (character id 30) & nonce
	if application id "com.googlecode.iterm2" is not running then
		return "tower-iterm2-list-v1" & US & "not-running" & US & RS
	end if
	set out to {"tower-iterm2-list-v1" & US & "running" & US & RS}
	tell application id "com.googlecode.iterm2"
		repeat with w in windows
			set wid to ""
			try
				set wid to (id of w) as text
			end try
			set tabIndex to 0
			repeat with t in tabs of w
				set tabIndex to tabIndex + 1
				repeat with s in sessions of t
					set sid to ""
					set theTty to ""
					set theName to ""
					set theColumns to ""
					set theRows to ""
					set theContents to ""
					try
						set sid to id of s
					end try
					try
						set theTty to tty of s
					end try
					try
						set theName to name of s
					end try
					try
						set theColumns to (columns of s) as text
						set theRows to (rows of s) as text
					end try
					try
						set theContents to contents of s
					end try
					set end of out to wid & US & (tabIndex as text) & US & sid & US & theTty & US & theName & US & theColumns & US & theRows & US & theContents & US & RS
				end repeat
			end repeat
		end repeat
	end tell
	set savedDelimiters to AppleScript's text item delimiters
	set AppleScript's text item delimiters to ""
	set answer to out as text
	set AppleScript's text item delimiters to savedDelimiters
	return answer
end run
