import { ErrorCode } from '@clan/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { toString as qrToString } from 'qrcode';
import { Repository } from 'typeorm';
import { conflict, DomainError, invalid, notFound } from '../common/errors/domain-error';
import { SecretBox } from '../services/secrets/secret-box';
import { PasswordHasher } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import type { RecoveryCodesDto, TotpEnrolmentDto } from './auth.dto';
import { LoginRateLimiter } from './login-rate-limiter';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes';
import { checkTotp, newTotpSecret, totpUri } from './totp';

/** Two-factor sign-in: enrolment, confirmation, turning it off, and the check at sign-in. */
@Injectable()
export class TotpService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly box: SecretBox,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
  ) {}

  private async user(userId: string): Promise<UserEntity> {
    const u = await this.users.findOne({ where: { id: userId } });
    if (!u) throw notFound('Your account');
    return u;
  }

  /** Offers a new secret; it only takes effect once confirmed with a code (confirm()). */
  async enrol(userId: string): Promise<TotpEnrolmentDto> {
    const user = await this.user(userId);
    if (user.totpSecret) throw conflict('Two-factor sign-in is already on. Turn it off first to set up a new authenticator.');
    const secret = newTotpSecret();
    await this.users.update({ id: userId }, { totpPendingSecret: this.box.seal(secret) });
    const otpauthUrl = totpUri(secret, user.username);
    const qrSvg = await qrToString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { secret, otpauthUrl, qrSvg };
  }

  /**
   * Turns two-factor sign-in on when `code` matches the pending secret; returns fresh recovery codes.
   * Wrong codes count toward the sign-in limit (per account and per address), like failed sign-ins,
   * so a stolen session cannot try all million codes.
   */
  async confirm(userId: string, code: string, address: string): Promise<RecoveryCodesDto> {
    const user = await this.user(userId);
    if (user.totpSecret) throw conflict('Two-factor sign-in is already on.');
    const pending = user.totpPendingSecret;
    if (!pending) throw conflict('No authenticator is being set up; start with POST /api/auth/totp/enrol.');
    const attempt = await this.limiter.begin(user.username, address);
    const check = checkTotp(this.box.open(pending), code, null);
    if (!check.ok) throw invalid('code', "does not match; check that your device's clock is right and enter the current code");
    await attempt.succeeded();
    const recoveryCodes = generateRecoveryCodes();
    // Conditional on the same pending secret, so a concurrent re-enrolment cannot be confirmed by this code.
    const result = await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({
        totpSecret: pending,
        totpPendingSecret: null,
        totpLastStep: String(check.step),
        recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
      })
      .where('id = :id AND totp_secret IS NULL AND totp_pending_secret = :pending', { id: userId, pending })
      .execute();
    if (!result.affected) throw conflict('The authenticator set-up changed meanwhile; start again.');
    return { recoveryCodes };
  }

  async disable(userId: string, password: string): Promise<void> {
    const user = await this.user(userId);
    if (!(await this.hasher.verify(user.passwordHash, password))) throw invalid('password', 'is not your current password');
    await this.users.update({ id: userId }, { totpSecret: null, totpPendingSecret: null, totpLastStep: null, recoveryCodeHashes: [] });
  }

  /**
   * The second factor at sign-in, after the password matched. Throws
   * TOTP_REQUIRED when none was sent and TOTP_INVALID when it is wrong, used
   * (codes and recovery codes work once) or replayed.
   */
  async checkSecondFactor(user: UserEntity, totpCode?: string, recoveryCode?: string): Promise<void> {
    if (!user.totpSecret) return;
    if (totpCode) return this.useCode(user, user.totpSecret, totpCode);
    if (recoveryCode) return this.useRecoveryCode(user, recoveryCode);
    throw new DomainError(ErrorCode.TotpRequired, 'Enter the 6-digit code from your authenticator app.');
  }

  private async useCode(user: UserEntity, sealedSecret: string, code: string): Promise<void> {
    const replayed = () => new DomainError(ErrorCode.TotpInvalid, 'That code was already used; wait for the next one.');
    const lastStep = user.totpLastStep === null ? null : Number(user.totpLastStep);
    const check = checkTotp(this.box.open(sealedSecret), code, lastStep);
    if (!check.ok) {
      if (check.reason === 'replayed') throw replayed();
      throw new DomainError(
        ErrorCode.TotpInvalid,
        "That code is not right. Check that your device's clock is correct and enter the current code.",
      );
    }
    // Claim the step atomically: of two requests racing with the same code only one wins.
    const result = await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ totpLastStep: String(check.step) })
      .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id: user.id, step: check.step })
      .execute();
    if (!result.affected) throw replayed();
  }

  private async useRecoveryCode(user: UserEntity, input: string): Promise<void> {
    const unusable = new DomainError(ErrorCode.TotpInvalid, 'That recovery code is not valid or was already used.');
    const normalized = normalizeRecoveryCode(input);
    if (!normalized) throw unusable;
    const hash = hashRecoveryCode(normalized);
    // Remove-if-present in one statement, so a code cannot be spent twice concurrently.
    const result = await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({ recoveryCodeHashes: () => 'recovery_code_hashes - CAST(:hash AS text)' })
      .where('id = :id AND jsonb_exists(recovery_code_hashes, CAST(:hash AS text))', { id: user.id, hash })
      .execute();
    if (!result.affected) throw unusable;
  }
}
