{{%AUTOESCAPE context="HTML"}}
<section class="card" id="my-subusers">
  <h1>My sub-users</h1>
  <form method="get" action="{{ACTION}}" class="filters">
    {{>LIMIT}}
    <button type="submit">Apply</button>
  </form>
  <table class="grid" id="subusers-table">
    {{>THEAD}}
    <tbody>
    {{#ROW}}
      <tr data-user-id="{{ID}}">
        <td>{{ID}}</td>
        <td>{{USERNAME}}</td>
        <td>{{LOGIN}}</td>
        <td><time datetime="{{CREATED_AT_ISO}}">{{CREATED_AT}}</time></td>
      </tr>
    {{/ROW}}
    {{#EMPTY}}<tr><td colspan="4" class="empty">You have no sub-users.</td></tr>{{/EMPTY}}
    </tbody>
  </table>
  {{>PAGER}}
</section>
