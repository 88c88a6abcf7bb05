<?php
/**
 * Bulk seeding for LocalWiki (local_wiki.py): users, bot passwords and edits in one PHP
 * process, because one maintenance run per user or edit would take minutes for a benchmark.
 *
 * Reads a JSON job on stdin:
 *   {"users": [{"name", "password" (null: user must exist), "groups"}],
 *    "bot_passwords": [{"user", "app_id", "grants", "password"}],
 *    "edits": [{"user", "title", "text", "summary", "minor"}]}
 * and writes {"users": [canonical names], "bot_passwords": [login names], "revids": [ids]}
 * as JSON to the file named by --result (stdout may carry PHP notices).
 * Run with MW_INSTALL_PATH (the MediaWiki tree) and MW_CONFIG_FILE set.
 */

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';

use MediaWiki\MediaWikiServices;

class WikiSkillsSeed extends Maintenance {
	/** @var string[] password hashes by plaintext: hashing once keeps 1,000 users fast */
	private $hashes = [];

	/** @var User[] performers by name as given */
	private $users = [];

	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Create users, bot passwords and edits from a JSON job on stdin.' );
		$this->addOption( 'result', 'File to write the JSON result to', true, true );
	}

	public function execute() {
		$job = json_decode( stream_get_contents( STDIN ), true, 16, JSON_THROW_ON_ERROR );
		// No fsync per commit: a third less time for 3,000 edits; a crash loses only a test wiki.
		$this->getDB( DB_PRIMARY )->query( 'PRAGMA synchronous = OFF', __METHOD__ );
		$result = [
			'users' => array_map( [ $this, 'ensureUser' ], $job['users'] ?? [] ),
			'bot_passwords' => array_map( [ $this, 'createBotPassword' ], $job['bot_passwords'] ?? [] ),
			'revids' => array_map( [ $this, 'edit' ], $job['edits'] ?? [] ),
		];
		file_put_contents( $this->getOption( 'result' ), json_encode( $result, JSON_THROW_ON_ERROR ) );
	}

	private function ensureUser( array $spec ): string {
		$user = $this->existingOrNewUser( $spec['name'], $spec['password'] !== null );
		if ( $spec['password'] !== null ) {
			$this->setPassword( $user, $spec['password'] );
		}
		MediaWikiServices::getInstance()->getUserGroupManager()
			->addUserToMultipleGroups( $user, $spec['groups'] );
		return $user->getName();
	}

	private function existingOrNewUser( string $name, bool $create ): User {
		$user = $this->namedUser( $name );
		if ( $user->isRegistered() ) {
			return $user;
		}
		if ( !$create ) {
			$this->fatalError( "No such user: $name" );
		}
		$this->users[$name] = User::createNew( $user->getName() );
		DeferredUpdates::addUpdate( SiteStatsUpdate::factory( [ 'users' => 1 ] ) );
		return $this->users[$name];
	}

	/** Writes the hash directly: AuthManager would hash (slowly) once per user. */
	private function setPassword( User $user, string $password ): void {
		$this->hashes[$password] ??= MediaWikiServices::getInstance()->getPasswordFactory()
			->newFromPlaintext( $password )->toString();
		$this->getDB( DB_PRIMARY )->update(
			'user',
			[ 'user_password' => $this->hashes[$password] ],
			[ 'user_id' => $user->getId() ],
			__METHOD__
		);
	}

	private function createBotPassword( array $spec ): string {
		$user = $this->existingOrNewUser( $spec['user'], false );
		$services = MediaWikiServices::getInstance();
		$unknown = array_diff( $spec['grants'], $services->getGrantsInfo()->getValidGrants() );
		if ( $unknown ) {
			$this->fatalError( 'Unknown grants: ' . implode( ', ', $unknown ) );
		}
		$botPassword = BotPassword::newUnsaved( [
			'user' => $user,
			'appId' => $spec['app_id'],
			'grants' => $spec['grants'],
		] );
		$password = $services->getPasswordFactory()->newFromPlaintext( $spec['password'] );
		$this->requireGood( $botPassword ? $botPassword->save( 'insert', $password ) : null,
			"bot password {$spec['app_id']} for {$spec['user']}" );
		return $user->getName() . BotPassword::getSeparator() . $spec['app_id'];
	}

	private function edit( array $spec ): int {
		$title = Title::newFromText( $spec['title'] );
		if ( !$title ) {
			$this->fatalError( "Invalid title: {$spec['title']}" );
		}
		$user = $this->existingOrNewUser( $spec['user'], false );
		$page = MediaWikiServices::getInstance()->getWikiPageFactory()->newFromTitle( $title );
		// As on the wiki, where a page creation is never minor (PageUpdater alone would keep it)
		// and an empty summary gets an automatic one ("Created page with ...").
		$flags = EDIT_AUTOSUMMARY | ( $spec['minor'] && $page->exists() ? EDIT_MINOR : 0 );
		$status = $page->doUserEditContent(
			ContentHandler::makeContent( $spec['text'], $title ), $user, $spec['summary'], $flags
		);
		$what = "edit of {$spec['title']} by {$spec['user']}";
		$this->requireGood( $status, $what );
		$revision = $status->getValue()['revision-record'];
		if ( !$revision ) {
			$this->fatalError( "The $what changed nothing" );
		}
		return $revision->getId();
	}

	private function namedUser( string $name ): User {
		if ( !isset( $this->users[$name] ) ) {
			$user = User::newFromName( $name );
			if ( !$user ) {
				$this->fatalError( "Invalid user name: $name" );
			}
			$this->users[$name] = $user;
		}
		return $this->users[$name];
	}

	private function requireGood( ?Status $status, string $what ): void {
		if ( !$status || !$status->isOK() ) {
			$message = $status ? $status->getWikiText( false, false, 'en' ) : 'invalid';
			$this->fatalError( "Failed $what: $message" );
		}
	}
}

$maintClass = WikiSkillsSeed::class;
require_once RUN_MAINTENANCE_IF_MAIN;
