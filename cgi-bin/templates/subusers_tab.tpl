{{%AUTOESCAPE context="HTML"}}
<section class="tab-subusers" data-tab="subusers" data-user-id="{{USER_ID}}">
  {{#PARENT_DELETED}}<p class="note">This user was deleted on {{DELETED_AT}}; its sub-users were deleted with it and are shown, read-only, until they are purged 30 days later.</p>{{/PARENT_DELETED}}
  <form method="get" action="{{ACTION}}" class="filters" role="search" id="subusers-filter">
    <input type="search" name="q" value="{{Q}}" maxlength="255" placeholder="ID, name or login" aria-label="Search sub-users by ID, name or login">
    {{>LIMIT}}
    <button type="submit">Apply</button>
    <a href="{{CSV_HREF}}" class="download" download>Download CSV</a>
  </form>
  <table class="grid" id="subusers-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-user-id="{{ID}}" data-href="/admin/users/{{ID}}" class="subuser{{#DELETED}} deleted{{/DELETED}}">
        <td><a href="/admin/users/{{ID}}" class="user">{{ID}}</a></td>
        <td>{{NAME}}</td>
        <td class="login">{{LOGIN}}</td>
        <td class="created"><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
        <td><span class="badge badge-{{STATUS}}">{{STATUS}}</span>{{#DELETED}} <span class="badge badge-deleted">deleted</span>{{/DELETED}}</td>
        <td class="perm-cell"><span class="count" id="perm-count-{{ID}}">{{PERMISSIONS}}</span>
          <button type="button" class="secondary perm-open" data-slot-src="/admin/users/{{ID}}/access" aria-expanded="false" aria-controls="perm-slot-{{ID}}">Permissions<span class="visually-hidden"> of {{LOGIN}}</span></button></td>
      </tr>
      <tr class="perm-row" id="perm-row-{{ID}}" hidden>
        <td colspan="6"><div class="perm-slot" id="perm-slot-{{ID}}" role="region" aria-label="Permissions of {{LOGIN}}" tabindex="-1" data-slot data-count="perm-count-{{ID}}"></div></td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="6" class="empty">No sub-users to show.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
