-- Reads one Terminal.app tab, found again by window id AND tty on every call (ttys are reused).
-- argv: {nonce, window id, tty}. Output: fields each followed by US & nonce:
-- "tower-terminal-read-v1", rows, columns, custom title, busy, contents.
-- Errors: -1728 when no tab of that window has that tty any more.
on run argv
	set nonce to item 1 of argv
	set targetWindowId to (item 2 of argv) as integer
	set targetTty to item 3 of argv
	set US to (character id 31) & nonce
	if application id "com.apple.Terminal" is not running then error "Terminal is not running" number -600
	tell application id "com.apple.Terminal"
		set t to my findTab(targetWindowId, targetTty)
		set theRows to ""
		set theColumns to ""
		set theTitle to ""
		set theBusy to ""
		try
			set theRows to (number of rows of t) as text
			set theColumns to (number of columns of t) as text
		end try
		try
			set theTitle to custom title of t
		end try
		try
			set theBusy to (busy of t) as text
		end try
		set theContents to contents of t
	end tell
	return "tower-terminal-read-v1" & US & theRows & US & theColumns & US & theTitle & US & theBusy & US & theContents & US
end run

-- The tab of window id targetWindowId whose tty is targetTty, or error -1728.
on findTab(targetWindowId, targetTty)
	tell application id "com.apple.Terminal"
		try
			set w to window id targetWindowId
			set tabCount to count of tabs of w
		on error
			error "the Terminal window is gone" number -1728
		end try
		repeat with i from 1 to tabCount
			try
				if (tty of tab i of w) is targetTty then return tab i of w
			end try
		end repeat
	end tell
	error "no tab of that window has that tty any more" number -1728
end findTab
