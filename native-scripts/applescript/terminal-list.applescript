-- Lists every Terminal.app tab in one osascript call (Tower's ground truth for Terminal.app).
-- argv: {nonce}. Data arrives only as arguments; this file never changes.
-- Output: records, each field followed by US & nonce and each record by RS & nonce; the
-- process names of a tab are joined by GS & nonce. The nonce is random per call, so text on a
-- screen cannot forge a separator. The first record is {"tower-terminal-list-v1", state}.
-- Tab record fields: window id, tab index, tty, busy, selected, rows, columns, custom title,
-- processes, contents. A property that raises (a tab whose shell exited) is left empty.
on run argv
	set nonce to item 1 of argv
	set US to (character id 31) & nonce
	set RS to (character id 30) & nonce
	set GS to (character id 29) & nonce
	-- "is running" does not launch the app; a tell block would.
	if application id "com.apple.Terminal" is not running then
		return "tower-terminal-list-v1" & US & "not-running" & US & RS
	end if
	set out to {"tower-terminal-list-v1" & US & "running" & US & RS}
	set savedDelimiters to AppleScript's text item delimiters
	tell application id "com.apple.Terminal"
		-- Loops, not "whose" clauses: nested whose queries are pathologically slow via osascript.
		repeat with w in windows
			set wid to ""
			set tabCount to 0
			try
				set wid to (id of w) as text
				set tabCount to count of tabs of w
			end try
			repeat with i from 1 to tabCount
				set t to tab i of w
				set theTty to ""
				set theBusy to ""
				set theSelected to ""
				set theRows to ""
				set theColumns to ""
				set theTitle to ""
				set theProcesses to ""
				set theContents to ""
				try
					set theTty to tty of t
				end try
				try
					set theBusy to (busy of t) as text
				end try
				try
					set theSelected to (selected of t) as text
				end try
				try
					set theRows to (number of rows of t) as text
					set theColumns to (number of columns of t) as text
				end try
				try
					set theTitle to custom title of t
				end try
				try
					set processList to processes of t
					set AppleScript's text item delimiters to GS
					set theProcesses to processList as text
					set AppleScript's text item delimiters to savedDelimiters
				end try
				try
					set theContents to contents of t
				end try
				set end of out to wid & US & (i as text) & US & theTty & US & theBusy & US & theSelected & US & theRows & US & theColumns & US & theTitle & US & theProcesses & US & theContents & US & RS
			end repeat
		end repeat
	end tell
	set AppleScript's text item delimiters to ""
	set answer to out as text
	set AppleScript's text item delimiters to savedDelimiters
	return answer
end run
